/*
 * Embeddable chat button. Add to any page whose origin is in ALLOWED_ORIGINS:
 *
 *   <script src="https://YOUR-HOST/widget.js" async
 *           data-label="Questions about recovery? Chat with us"
 *           data-position="right"
 *           data-lang="es"></script>
 *
 * data-lang (else the host page's <html lang>) opens the chat in that language: "es" for
 * Spanish; anything else is English. The button's words are the host page's (data-label).
 *
 * It adds a floating button that opens the chat (an iframe of YOUR-HOST/?embed=1) in a
 * panel. Keyboard: Enter/Space opens, Escape closes and returns focus to the button
 * (Escape inside a chat message only leaves the message, as in Web Chat). On narrow or
 * short screens (phones, or a page zoomed to 200% and more) the panel fills the screen and
 * is a modal dialog: Tab and Shift+Tab stay inside it until it is closed.
 * Styles are set through element.style, so the host page's CSP needs no 'unsafe-inline'
 * (it does need script-src and frame-src for YOUR-HOST).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src || window.__recoveryGuideWidget) return;
  window.__recoveryGuideWidget = true;

  var origin = new URL(script.src).origin;
  // The host page's language, for the chat and this widget's own few words.
  var pageLang = (script.getAttribute('data-lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0];
  var lang = pageLang === 'es' ? 'es' : 'en';
  var WORDS = {
    en: { label: 'Chat with the recovery guide', title: 'Recovery guide chat', close: 'Close the chat' },
    es: { label: 'Chatea con la guía de recuperación', title: 'Chat de la guía de recuperación', close: 'Cerrar el chat' }
  }[lang];
  var label = script.getAttribute('data-label') || WORDS.label;
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var PRIMARY = '#0b5394';
  var PANEL_ID = 'recovery-guide-chat-panel';
  var TITLE_ID = 'recovery-guide-chat-title';
  // On a narrow or short screen (a phone, on its side too, or a page zoomed to 200% and
  // more) the panel fills the screen, and is modal.
  var fullScreen = window.matchMedia('(max-width: 479.98px), (max-height: 499.98px)');

  function css(element, styles) {
    for (var name in styles) if (Object.prototype.hasOwnProperty.call(styles, name)) element.style.setProperty(name, styles[name]);
  }

  /** A ring shown on keyboard focus, `color` at least 3:1 against what is around it (WCAG 1.4.11). */
  function focusRing(element, color, offset) {
    element.addEventListener('focus', function () {
      if (element.matches(':focus-visible')) css(element, { outline: '3px solid ' + color, 'outline-offset': offset });
    });
    element.addEventListener('blur', function () {
      css(element, { outline: 'none' });
    });
  }

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', PANEL_ID);
  button.setAttribute('aria-haspopup', 'dialog');
  css(button, {
    position: 'fixed', bottom: '20px', 'z-index': '2147483000',
    'min-height': '48px', padding: '12px 20px', border: '0', 'border-radius': '999px',
    background: PRIMARY, color: '#ffffff', font: '600 16px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    'box-shadow': '0 4px 14px rgba(0, 0, 0, 0.25)', cursor: 'pointer', 'max-width': 'calc(100vw - 40px)'
  });
  button.style.setProperty(side, '20px');
  focusRing(button, '#1b2733', '3px');

  var panel = document.createElement('div');
  panel.id = PANEL_ID;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', TITLE_ID);
  panel.setAttribute('aria-modal', 'false');
  css(panel, {
    position: 'fixed', 'z-index': '2147483001',
    background: '#ffffff', overflow: 'hidden',
    'box-shadow': '0 8px 30px rgba(0, 0, 0, 0.3)', display: 'none', 'flex-direction': 'column'
  });

  // Focus guards around the panel's content: reached only by Tab from its last element or
  // Shift+Tab from its first while the panel is modal, and sent back inside.
  function guard() {
    var element = document.createElement('span');
    element.setAttribute('tabindex', '-1');
    element.setAttribute('aria-hidden', 'true');
    css(element, { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', outline: 'none' });
    return element;
  }
  var startGuard = guard();
  var endGuard = guard();

  var bar = document.createElement('div');
  css(bar, { display: 'flex', 'align-items': 'center', 'justify-content': 'space-between', padding: '6px 6px 6px 14px', background: PRIMARY, color: '#ffffff', font: '600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' });
  var title = document.createElement('span');
  title.id = TITLE_ID;
  title.textContent = WORDS.title;
  var close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', WORDS.close);
  close.textContent = '\u2715';
  css(close, { 'min-width': '44px', 'min-height': '44px', border: '0', background: 'transparent', color: '#ffffff', 'font-size': '20px', cursor: 'pointer', 'border-radius': '8px' });
  // White on the blue title bar (7.6:1), drawn inside the button so the panel's corner cannot cut it.
  focusRing(close, '#ffffff', '-5px');
  bar.appendChild(title);
  bar.appendChild(close);
  panel.appendChild(startGuard);
  panel.appendChild(bar);
  panel.appendChild(endGuard);

  var frame = null;

  function isOpen() {
    return panel.style.getPropertyValue('display') !== 'none';
  }

  function isModal() {
    return panel.getAttribute('aria-modal') === 'true';
  }

  /** Floating panel on wide screens; on narrow ones, full screen and modal. */
  function layout() {
    var full = fullScreen.matches;
    if (full) {
      css(panel, { width: '100vw', height: '100%', bottom: '0', 'border-radius': '0' });
      panel.style.setProperty(side, '0');
    } else {
      css(panel, { width: 'min(400px, calc(100vw - 40px))', height: 'min(640px, calc(100vh - 110px))', bottom: '84px', 'border-radius': '12px' });
      panel.style.setProperty(side, '20px');
    }
    panel.setAttribute('aria-modal', full ? 'true' : 'false');
    startGuard.setAttribute('tabindex', full ? '0' : '-1');
    endGuard.setAttribute('tabindex', full ? '0' : '-1');
    // Under a full-screen panel the button would only be a way out of it.
    if (full && isOpen()) button.style.setProperty('display', 'none');
    else button.style.removeProperty('display');
  }

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/?embed=1&lang=' + lang;
      frame.title = WORDS.title;
      css(frame, { flex: '1 1 auto', width: '100%', border: '0' });
      panel.insertBefore(frame, endGuard);
    }
    panel.style.setProperty('display', 'flex');
    layout();
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.style.setProperty('display', 'none');
    layout();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  layout();
  var onResize = function () {
    layout();
  };
  if (fullScreen.addEventListener) fullScreen.addEventListener('change', onResize);
  else fullScreen.addListener(onResize);

  button.addEventListener('click', function () {
    if (!isOpen()) open();
    else hide();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
  });
  // Tab past the chat's last element lands on the end guard: back to the first (Close).
  endGuard.addEventListener('focus', function () {
    if (isModal()) close.focus();
  });
  // Shift+Tab before Close lands on the start guard: on to the chat's last element.
  startGuard.addEventListener('focus', function () {
    if (!isModal() || !frame || !frame.contentWindow) return;
    frame.focus();
    frame.contentWindow.postMessage({ type: 'recovery-guide:focus-last' }, origin);
  });
  // Escape pressed inside the chat frame arrives as a message from the chat's origin.
  window.addEventListener('message', function (event) {
    if (event.origin === origin && event.source === (frame && frame.contentWindow) && event.data && event.data.type === 'recovery-guide:close' && isOpen()) hide();
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
