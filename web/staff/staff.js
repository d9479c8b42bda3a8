// The staff page: sign in with a staff token, see pending callback requests, mark them.
// The token stays in this tab only (sessionStorage) and goes to the staff API as a Bearer
// token; nothing is fetched from anywhere but this server. Words come from the page
// (data/staff-page.json), never from here.
(function () {
  'use strict';
  var KEY = 'staffToken';
  var REFRESH_MS = 30000;
  var words = JSON.parse(document.getElementById('staff-words').textContent);
  var form = document.getElementById('sign-in');
  var input = document.getElementById('token');
  var queue = document.getElementById('queue');
  var rows = document.getElementById('rows');
  var empty = document.getElementById('empty');
  var status = document.getElementById('status');
  var timer;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; });
  }

  function age(iso) {
    var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
    if (minutes < 60) return fill(words.age.minutes, { m: minutes });
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return fill(words.age.hours, { h: hours, m: minutes % 60 });
    return fill(words.age.days, { d: Math.floor(hours / 24), h: hours % 24 });
  }

  function phoneText(e164) {
    var digits = e164.replace(/^\+1/, '');
    return '(' + digits.slice(0, 3) + ') ' + digits.slice(3, 6) + '-' + digits.slice(6);
  }

  function theirTime(zone) {
    if (!zone) return words.list.unknownZone;
    try {
      var time = new Intl.DateTimeFormat(document.documentElement.lang, { hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short' }).format(new Date());
      return time + ' (' + zone.replace(/_/g, ' ') + ')';
    } catch {
      return words.list.unknownZone;
    }
  }

  function cell(label, content) {
    var td = document.createElement('td');
    td.setAttribute('data-label', label);
    if (typeof content === 'string') td.textContent = content;
    else td.appendChild(content);
    return td;
  }

  function say(text) {
    status.textContent = text;
  }

  function api(path, method) {
    return fetch(path, { method: method || 'GET', headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) }, cache: 'no-store' });
  }

  function showSignIn(message) {
    clearTimeout(timer);
    sessionStorage.removeItem(KEY);
    queue.hidden = true;
    form.hidden = false;
    rows.textContent = '';
    if (message) say(message);
    input.focus();
  }

  function render(requests) {
    rows.textContent = '';
    requests.forEach(function (r) {
      var tr = document.createElement('tr');
      var link = document.createElement('a');
      link.href = 'tel:' + r.phone;
      link.textContent = phoneText(r.phone);
      tr.appendChild(cell(words.list.phone, link));
      tr.appendChild(cell(words.list.bestTime, r.bestTime));
      tr.appendChild(cell(words.list.waiting, age(r.createdAt)));
      tr.appendChild(cell(words.list.theirTime, theirTime(r.timeZone)));
      tr.appendChild(cell(words.list.attempts, r.attempts ? fill(words.attemptsSome, { n: r.attempts, age: age(r.lastAttemptAt) }) : words.attemptsNone));
      var actions = document.createElement('div');
      actions.className = 'actions';
      [['done', words.actions.called, words.actions.calledDone], ['unreachable', words.actions.unreachable, words.actions.unreachableDone]].forEach(function (a) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = a[1];
        button.className = a[0] === 'done' ? '' : 'quiet';
        // The row's number in the button's accessible name, so a screen reader says which request.
        button.setAttribute('aria-label', a[1] + ': ' + phoneText(r.phone));
        button.addEventListener('click', function () { mark(r.id, a[0], a[2]); });
        actions.appendChild(button);
      });
      tr.appendChild(cell(words.list.actions, actions));
      rows.appendChild(tr);
    });
    empty.hidden = requests.length > 0;
  }

  function load(announce) {
    clearTimeout(timer);
    return api('/api/callbacks').then(function (res) {
      if (res.status === 401) return showSignIn(words.signIn.refused);
      if (res.status === 429) return showSignIn(words.signIn.tooMany);
      if (!res.ok) { say(words.signIn.unavailable); return; }
      return res.json().then(function (body) {
        form.hidden = true;
        queue.hidden = false;
        render(body.requests);
        if (announce) say(fill(words.list.updated, { time: new Date().toLocaleTimeString(document.documentElement.lang, { hour: 'numeric', minute: '2-digit' }), count: body.requests.length }));
        timer = setTimeout(function () { load(false); }, REFRESH_MS);
      });
    }, function () { say(words.signIn.unavailable); });
  }

  function mark(id, action, done) {
    api('/api/callbacks/' + encodeURIComponent(id) + '/' + action, 'POST').then(function (res) {
      if (res.status === 401) return showSignIn(words.signIn.refused);
      if (res.status === 404) say(words.actions.gone);
      else if (!res.ok) { say(words.actions.failed); return; }
      else say(done);
      return load(false);
    }, function () { say(words.actions.failed); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = '';
    say('');
    load(true);
  });
  document.getElementById('refresh').addEventListener('click', function () { load(true); });
  document.getElementById('sign-out').addEventListener('click', function () { showSignIn(''); });

  if (sessionStorage.getItem(KEY)) load(true);
  else input.focus();
})();
