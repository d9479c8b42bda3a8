/*
 * The chat page: gets a token for a new conversation from this server, then renders
 * Bot Framework Web Chat (served from this server too) against the Direct Line the
 * token response names: this server's own, or Azure's when one is configured.
 * No inline script: this file is loaded under a CSP that forbids it.
 */
(function () {
  'use strict';

  var body = document.body;
  var helplineDisplay = body.getAttribute('data-helpline-display') || '833-820-2922';
  var helplineTel = body.getAttribute('data-helpline-tel') || 'tel:+18338202922';
  // The page's language and words, filled in by the server (data/web-page.json or its Spanish copy).
  var webChatLocale = body.getAttribute('data-webchat-locale') || 'en-US';
  var texts = {};
  try {
    texts = JSON.parse(body.getAttribute('data-texts') || '{}');
  } catch {
    // A page without its words still works: every text has its English fallback below.
    texts = {};
  }
  function say(key, fallback) {
    return typeof texts[key] === 'string' ? texts[key] : fallback;
  }
  var nonceMeta = document.querySelector('meta[name="csp-nonce"]');
  var nonce = nonceMeta ? nonceMeta.getAttribute('content') : undefined;
  var statusBox = document.getElementById('chat-status');
  var chatElement = document.getElementById('webchat');

  // Direct Line connection states (botframework-directlinejs ConnectionStatus).
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;

  /** Shows a message in the status area; with `offerRestart`, a button to start a new chat. */
  function showStatus(text, offerRestart) {
    statusBox.hidden = false;
    statusBox.textContent = '';
    var p = document.createElement('p');
    p.className = 'chat-status-text';
    p.appendChild(document.createTextNode(text + ' '));
    var call = document.createElement('a');
    call.href = helplineTel;
    call.textContent = say('call', 'Call {helpline}').replace('{helpline}', helplineDisplay);
    p.appendChild(call);
    p.appendChild(document.createTextNode(' ' + say('afterCall', 'to talk with a person, any time.')));
    statusBox.appendChild(p);
    if (offerRestart) {
      var restart = document.createElement('button');
      restart.type = 'button';
      restart.textContent = say('startNew', 'Start a new chat');
      restart.addEventListener('click', function () {
        window.location.reload();
      });
      statusBox.appendChild(restart);
    }
  }

  function hideStatus() {
    statusBox.hidden = true;
  }

  // Calm colors with at least 4.5:1 contrast; buttons wrap instead of scrolling sideways on phones.
  var styleOptions = {
    accent: '#0b5394',
    backgroundColor: '#ffffff',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    subtle: '#4a5663',
    timestampColor: '#4a5663',
    bubbleBackground: '#eef3f7',
    bubbleTextColor: '#1b2733',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 0,
    bubbleFromUserBackground: '#0b5394',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserBorderWidth: 0,
    bubbleMaxWidth: 560,
    botAvatarInitials: 'RG',
    botAvatarBackgroundColor: '#0b5394',
    hideUploadButton: true,
    sendBoxButtonColor: '#0b5394',
    sendBoxHeight: 48,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0b5394',
    suggestedActionBorderWidth: 2,
    suggestedActionBorderRadius: 20,
    suggestedActionTextColor: '#0b5394',
    suggestedActionHeight: 44,
    transcriptVisualKeyboardIndicatorColor: '#1b2733',
    transcriptVisualKeyboardIndicatorWidth: 3,
    // A reply taller than the transcript (a crisis reply on a phone) stops scrolling once
    // its start reaches the top, so its first lines, with 988 and 911, stay in view; the
    // "new messages" button scrolls on.
    autoScrollSnapOnPage: true
  };

  /**
   * The server gives Direct Line URLs relative to this page unless it knows the address the
   * page was opened at (it never trusts the Host header alone), so they are resolved here.
   * Browsers before 2024 take only absolute ws(s):// URLs in `new WebSocket(url)`, and Web
   * Chat's createDirectLine passes no WebSocket option on to directlinejs, so the page's
   * WebSocket resolves the stream URL itself (absolute URLs pass through unchanged).
   */
  function absoluteUrl(url) {
    return new URL(url, window.location.href).href;
  }
  var NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    var PageWebSocket = function (url, protocols) {
      var resolved = new URL(url, window.location.href);
      if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
      else if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
      return protocols === undefined ? new NativeWebSocket(resolved.href) : new NativeWebSocket(resolved.href, protocols);
    };
    PageWebSocket.prototype = NativeWebSocket.prototype;
    PageWebSocket.CONNECTING = 0;
    PageWebSocket.OPEN = 1;
    PageWebSocket.CLOSING = 2;
    PageWebSocket.CLOSED = 3;
    window.WebSocket = PageWebSocket;
  }

  // What to say when the token request is refused; the helpline link follows every message.
  var TOKEN_REFUSED = {
    429: say('tooMany', 'Too many chats were started from here just now. Please wait a minute and try again.'),
    503: say('busy', 'The chat is very busy right now. Please try again in a little while.')
  };

  /** Thrown for a refused token request, carrying the HTTP status. */
  function TokenRefused(status) {
    this.status = status;
  }

  function start() {
    if (!window.WebChat) {
      showStatus(say('couldNotLoad', 'The chat could not load.'), true);
      return;
    }
    fetch('/api/directline/token', { method: 'POST', headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new TokenRefused(res.status);
        return res.json();
      })
      .then(function (session) {
        // This server's own Direct Line: open the conversation with the page's locale first, so
        // the welcome is in the person's language (directlinejs starts it with no locale; the same
        // token then finds the same conversation). Azure's Direct Line is left as it is.
        if (session.mode !== 'local') return session;
        return fetch(absoluteUrl(session.domain) + '/conversations', {
          method: 'POST',
          headers: { Authorization: 'Bearer ' + session.token, 'Content-Type': 'application/json', Accept: 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ locale: webChatLocale })
        }).then(
          function () {
            return session;
          },
          function () {
            return session;
          }
        );
      })
      .then(function (session) {
        var directLine = window.WebChat.createDirectLine({ domain: absoluteUrl(session.domain), token: session.token });
        directLine.connectionStatus$.subscribe(function (status) {
          if (status === ONLINE) hideStatus();
          else if (status === EXPIRED_TOKEN || status === ENDED) showStatus(say('ended', 'This chat has ended.'), true);
          else if (status === FAILED_TO_CONNECT) showStatus(say('couldNotConnect', 'The chat could not connect.'), true);
        });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            userID: session.userId,
            // Web Chat's own words in this language ("es-US" falls back to its "es" strings), and the
            // locale every activity carries to the bot, so the conversation starts in it too.
            locale: webChatLocale,
            nonce: nonce || undefined,
            styleOptions: styleOptions
          },
          chatElement
        );
      })
      .catch(function (error) {
        var refused = error instanceof TokenRefused ? TOKEN_REFUSED[error.status] : undefined;
        showStatus(refused || say('couldNotStart', 'The chat could not start.'), true);
      });
  }

  // In the widget's iframe, Escape closes the panel: keys pressed in the frame never
  // reach the host page, so tell it. Escapes Web Chat uses itself are left alone: inside a
  // message Escape goes back to the transcript, on the transcript to the message box.
  // Web Chat's React handles keys at the document and marks the ones it used
  // (defaultPrevented), so this listens on the window, which the event reaches after.
  if (body.classList.contains('embed') && window.parent !== window) {
    window.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented) window.parent.postMessage({ type: 'recovery-guide:close' }, '*');
    });
    // The widget keeps focus in its full-screen panel: Shift+Tab from its Close button
    // comes back here, to the last thing in the chat (the send button).
    window.addEventListener('message', function (event) {
      if (event.source !== window.parent || !event.data || event.data.type !== 'recovery-guide:focus-last') return;
      var focusable = document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), [tabindex="0"]');
      for (var i = focusable.length - 1; i >= 0; i--) {
        var el = focusable[i];
        if (el.getClientRects().length > 0 && !el.closest('[hidden], [aria-hidden="true"]')) {
          el.focus();
          return;
        }
      }
    });
  }

  start();
})();
