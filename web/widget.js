/*
 * Embeddable chat button. Add to any page whose origin is in ALLOWED_ORIGINS:
 *
 *   <script src="https://YOUR-HOST/widget.js" async
 *           data-label="Questions about recovery? Chat with us"
 *           data-position="right"></script>
 *
 * It adds a floating button that opens the chat (an iframe of YOUR-HOST/?embed=1) in a
 * panel. Keyboard: Enter/Space opens, Escape closes and returns focus to the button.
 * Styles are set through element.style, so the host page's CSP needs no 'unsafe-inline'
 * (it does need script-src and frame-src for YOUR-HOST).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src || window.__recoveryGuideWidget) return;
  window.__recoveryGuideWidget = true;

  var origin = new URL(script.src).origin;
  var label = script.getAttribute('data-label') || 'Chat with the recovery guide';
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var PRIMARY = '#0b5394';
  var PANEL_ID = 'recovery-guide-chat-panel';

  function css(element, styles) {
    for (var name in styles) if (Object.prototype.hasOwnProperty.call(styles, name)) element.style.setProperty(name, styles[name]);
  }

  function focusRing(element) {
    element.addEventListener('focus', function () {
      css(element, { outline: '3px solid #1b2733', 'outline-offset': '3px' });
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
  focusRing(button);

  var panel = document.createElement('div');
  panel.id = PANEL_ID;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Recovery guide chat');
  css(panel, {
    position: 'fixed', bottom: '84px', 'z-index': '2147483001',
    width: 'min(400px, calc(100vw - 40px))', height: 'min(640px, calc(100vh - 110px))',
    background: '#ffffff', 'border-radius': '12px', overflow: 'hidden',
    'box-shadow': '0 8px 30px rgba(0, 0, 0, 0.3)', display: 'none', 'flex-direction': 'column'
  });
  panel.style.setProperty(side, '20px');

  var bar = document.createElement('div');
  css(bar, { display: 'flex', 'align-items': 'center', 'justify-content': 'space-between', padding: '6px 6px 6px 14px', background: PRIMARY, color: '#ffffff', font: '600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' });
  var title = document.createElement('span');
  title.textContent = 'Recovery guide';
  var close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close the chat');
  close.textContent = '\u2715';
  css(close, { 'min-width': '44px', 'min-height': '44px', border: '0', background: 'transparent', color: '#ffffff', 'font-size': '20px', cursor: 'pointer', 'border-radius': '8px' });
  focusRing(close);
  bar.appendChild(title);
  bar.appendChild(close);
  panel.appendChild(bar);

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/?embed=1';
      frame.title = 'Recovery guide chat';
      css(frame, { flex: '1 1 auto', width: '100%', border: '0' });
      panel.appendChild(frame);
    }
    // Full screen on small phones, where a floating panel would be cramped.
    if (window.innerWidth < 480) {
      css(panel, { width: '100vw', height: '100%', bottom: '0', 'border-radius': '0' });
      panel.style.setProperty(side, '0');
      button.style.setProperty('display', 'none');
    }
    panel.style.setProperty('display', 'flex');
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function isOpen() {
    return panel.style.getPropertyValue('display') !== 'none';
  }

  function hide() {
    panel.style.setProperty('display', 'none');
    button.style.removeProperty('display');
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (!isOpen()) open();
    else hide();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
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
