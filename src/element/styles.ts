import { css } from 'lit';

/** The shadow DOM's styles: a 320x320 box by default; the face fills it. */
export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    width: 320px;
    height: 320px;
    contain: content;
  }
  [part='stage'] {
    width: 100%;
    height: 100%;
    background: var(--spatius-avatar-background, #dfe9f3);
    border-radius: inherit;
    overflow: hidden;
  }
  [part='canvas'] {
    display: block;
    width: 100%;
    height: 100%;
  }
  :host([renderer='none']) [part='canvas'] {
    visibility: hidden;
  }
  [part='captions'] {
    position: absolute;
    left: 6%;
    right: 6%;
    bottom: 4%;
    text-align: center;
    font: inherit;
    line-height: 1.3;
    color: var(--spatius-avatar-captions-color, #fff);
    text-shadow: 0 1px 2px rgba(0, 0, 0, 0.8);
    pointer-events: none;
  }
  [part='captions'][hidden],
  [part='captions']:empty {
    display: none;
  }
  [part='audio-overlay'] {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: flex-end;
    justify-content: center;
    padding-bottom: 12%;
  }
  [part='audio-overlay'][hidden] {
    display: none;
  }
  [part='audio-button'] {
    font: inherit;
    padding: 0.5em 1em;
    border: 0;
    border-radius: 999px;
    background: rgba(20, 24, 36, 0.78);
    color: #fff;
    cursor: pointer;
  }
`;
