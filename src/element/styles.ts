import { css } from 'lit';

/**
 * The shadow DOM's styles. The default size: 320x320, and square whatever the page sets: only a width or
 * only a height gives a square of that side (aspect-ratio), both give that box. Size containment keeps the
 * box from depending on slotted content, and `contain-intrinsic-size` gives it a size when the page sets
 * none, so it is never 0x0 (browsers without contain-intrinsic-size get a fixed default width instead).
 * The face fills the stage; the layers over it (placeholder, error, overlays) are stacked in source order.
 */
export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    box-sizing: border-box;
    width: 320px;
    aspect-ratio: 1 / 1;
    min-width: 0;
    min-height: 0;
    contain: content;
  }
  @supports (contain-intrinsic-size: 1px 1px) {
    :host {
      width: auto;
      contain: strict;
      contain-intrinsic-size: 320px 320px;
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part~='stage'] {
    width: 100%;
    height: 100%;
    background: var(--spatius-avatar-background, #dfe9f3);
    border-radius: inherit;
    overflow: hidden;
  }
  [part~='stage']:focus {
    outline: none; /* focused only by script, after the start button goes: not an interactive control */
  }
  [part~='canvas'] {
    display: block;
    width: 100%;
    height: 100%;
  }
  :host([renderer='none']) [part~='canvas'] {
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
  .layer {
    position: absolute;
    inset: 0;
    border-radius: inherit;
    overflow: hidden;
  }
  [part~='placeholder'],
  [part~='error'] {
    display: flex;
    align-items: center;
    justify-content: center;
    text-align: center;
  }
  [part~='overlay'] {
    display: flex;
    align-items: flex-end;
    justify-content: center;
    padding-bottom: 12%;
    box-sizing: border-box;
    background: var(--spatius-avatar-overlay-background, transparent);
  }
  .layer[hidden] {
    display: none;
  }
  [part~='button'] {
    font: inherit;
    padding: 0.5em 1em;
    border: 0;
    border-radius: 999px;
    background: var(--spatius-avatar-button-background, rgba(20, 24, 36, 0.85));
    color: var(--spatius-avatar-button-color, #fff);
    cursor: pointer;
  }
  [part~='button']:focus-visible {
    outline: var(--spatius-avatar-focus-ring, 3px solid #1a56db);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
