// The replica's admin single-page app: hash routes rendered by script, no page loads.
// Page variants come from the query string, which hash navigation keeps:
//   variant=inputs         Validate / "Create Users" are <input type="submit"> in a <form> (older wording)
//   renderDelay=<ms>       the Upload Users form appears only after this delay
//   validation=normal|missing|wrong-count
//   variant=form           Upload is only a form submit: <button type="submit">Upload</button>, the upload runs on the form's submit
//   variant=div            Upload is a <div role="button" tabindex="0">, activated by click, Enter or Space
//   dropzone=1             a drop zone that puts the dropped file into the input without a change event
//   success=background     the success notice reads "Success! Your file has been submitted and will be processed in the background. ..."
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var VARIANT = ['inputs', 'form', 'div'].indexOf(params.get('variant')) >= 0 ? params.get('variant') : 'buttons';
  var DROP_ZONE = params.get('dropzone') === '1';
  var SUCCESS_TEXT =
    params.get('success') === 'background'
      ? 'Success! Your file has been submitted and will be processed in the background. You will receive an email with the results.'
      : 'Upload successful. Your file is being processed and the results will be emailed to you.';
  var RENDER_DELAY = Math.max(0, Number(params.get('renderDelay')) || 0);
  var VALIDATION = params.get('validation') || 'normal';

  var view = document.getElementById('view');
  var renderCount = 0; // bumps on every route render, so late async work for an old view is dropped

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function route() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var token = ++renderCount;
    view.replaceChildren();
    markToolBar(hash);
    if (hash === '/csv-upload') return renderUploadUsers(token);
    if (hash === '/reports') return renderReports();
    if (hash === '/user-management') return renderUserManagement(token);
    if (hash.indexOf('/viewDetails/') === 0) return renderUserDetails(token, decodeURIComponent(hash.slice('/viewDetails/'.length)));
    return renderHome();
  }

  function markToolBar(hash) {
    document.querySelectorAll('.tool-bar a').forEach(function (a) {
      if (a.getAttribute('href') === '#' + hash) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  function renderHome() {
    view.append(
      el('h1', { text: 'Admin' }),
      el('p', { text: 'Manage the users of your organisation. Choose a tool from the tool bar.' }),
      el('section', { class: 'panel', 'aria-label': 'Replica test data' }, [
        el('h2', { text: 'Replica test data' }),
        el('ul', {}, [
          el('li', {}, [el('a', { href: '/demo/good-update.csv', text: 'good-update.csv' }), ' \u2014 50 correct updates']),
          el('li', {}, [el('a', { href: '/demo/risky-update.csv', text: 'risky-update.csv' }), ' \u2014 a file that would create duplicates']),
          el('li', {}, [el('a', { href: '/Admin/Reports/MailboxReport.csv', text: 'Mailbox Report.csv' }), ' \u2014 the current directory']),
        ]),
      ]),
    );
  }

  function renderReports() {
    view.append(
      el('h1', { text: 'Admin Reports' }),
      el('ul', { class: 'report-list' }, [
        el('li', {}, [
          el('a', { href: '/Admin/Reports/MailboxReport.csv', text: 'Mailbox Report' }),
          ' \u2014 every mailbox in your organisation, with its local ID (ExternalSyncID) and status',
        ]),
      ]),
    );
  }

  function renderUserManagement(token) {
    var search = el('input', { type: 'search', id: 'user-search', placeholder: 'Name, email or local ID' });
    var table = el('table', { class: 'users' });
    var form = el('form', { role: 'search' }, [el('label', { for: 'user-search', text: 'Find users' }), search, el('button', { type: 'submit', text: 'Search' })]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      load();
    });
    view.append(el('h1', { text: 'User Management' }), form, table);
    function load() {
      fetch('/api/users?q=' + encodeURIComponent(search.value))
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (token !== renderCount) return;
          table.replaceChildren(
            el('caption', { text: answer.total + ' users' }),
            el('tr', {}, ['Name', 'Email address', 'Local ID', 'Status', 'OU'].map(function (h) { return el('th', { text: h }); })),
          );
          answer.accounts.forEach(function (a) {
            table.append(el('tr', {}, [
              el('td', {}, [el('a', { href: '#/viewDetails/' + encodeURIComponent(a.email), text: a.displayName })]),
              el('td', { text: a.email }), el('td', { text: a.localId }), el('td', { text: a.status }), el('td', { text: a.ou }),
            ]));
          });
        });
    }
    load();
  }

  function renderUserDetails(token, email) {
    view.append(el('h1', { text: 'User details' }));
    fetch('/api/users/' + encodeURIComponent(email))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (a) {
        if (token !== renderCount) return;
        if (!a) return view.append(el('p', { text: 'No user with the address ' + email + '.' }));
        var fields = [['Display name', a.displayName], ['Email address', a.email], ['Local ID (ExternalSyncID)', a.localId], ['Status', a.status],
          ['Job title', a.jobTitle], ['Department', a.department], ['Mobile', a.mobile], ['Telephone', a.telephone], ['Organisational unit', a.ou]];
        view.append(el('dl', { class: 'details' }, fields.reduce(function (nodes, f) {
          return nodes.concat([el('dt', { text: f[0] }), el('dd', { text: f[1] || '' })]);
        }, [])));
      });
  }

  function renderUploadUsers(token) {
    view.append(el('h1', { text: 'Upload Users' }));
    if (RENDER_DELAY > 0) {
      setTimeout(function () { if (token === renderCount) renderUploadForm(token); }, RENDER_DELAY);
    } else {
      renderUploadForm(token);
    }
  }

  function renderUploadForm(token) {
    var id = 'csv-file-' + token;
    var notifications = el('div', { class: 'notifications' });
    var fileInput = el('input', { type: 'file', id: id, accept: '.csv' });
    var results = el('section', { 'aria-label': 'Validation results', class: 'results' });
    var validateButton, uploadButton, container;
    if (VARIANT === 'inputs') {
      validateButton = el('input', { type: 'submit', value: 'Validate', class: 'btn' });
      uploadButton = el('input', { type: 'submit', value: 'Create Users', class: 'btn btn-primary' });
      container = el('form', { class: 'upload-form', action: '#' });
      // The app handles the buttons' clicks itself; the form must never submit.
      container.addEventListener('submit', function (event) { event.preventDefault(); });
    } else if (VARIANT === 'form') {
      validateButton = el('button', { type: 'button', class: 'btn', text: 'Validate' });
      uploadButton = el('button', { type: 'submit', class: 'btn btn-primary', text: 'Upload' });
      container = el('form', { class: 'upload-form', action: '#' });
      // Upload is the form's submit: a click, Enter in the form, or requestSubmit() all upload.
      container.addEventListener('submit', function (event) {
        event.preventDefault();
        upload();
      });
    } else if (VARIANT === 'div') {
      validateButton = el('button', { type: 'button', class: 'btn', text: 'Validate' });
      uploadButton = el('div', { role: 'button', tabindex: '0', class: 'btn btn-primary', text: 'Upload' });
      container = el('div', { class: 'upload-form' });
      uploadButton.addEventListener('keydown', function (event) {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        upload();
      });
    } else {
      validateButton = el('button', { type: 'button', class: 'btn', text: 'Validate' });
      uploadButton = el('button', { type: 'button', class: 'btn btn-primary', text: 'Upload' });
      container = el('div', { class: 'upload-form' });
    }
    var dropZone = el('div', { class: 'drop-zone', 'data-testid': 'drop-zone', text: 'Or drop a CSV file here' });
    // Like some drop zones: the dropped file goes into the input, and no change event is fired.
    dropZone.addEventListener('dragover', function (event) { event.preventDefault(); });
    dropZone.addEventListener('drop', function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length > 0) fileInput.files = event.dataTransfer.files;
    });
    container.append(
      el('p', { text: 'Create or update users in bulk from a CSV file. The file must use the headings of the sample file, in the same order.' }),
      el('p', {}, [el('a', { href: '/Admin/SampleFiles/NewFormat.csv', text: 'Sample File (new format)' })]),
      el('div', { class: 'field' }, [el('label', { for: id, text: 'Browse' }), fileInput]),
    );
    if (DROP_ZONE) container.append(dropZone);
    container.append(
      el('div', { class: 'actions' }, [validateButton]),
      results,
      el('div', { class: 'actions bottom' }, [uploadButton]),
    );
    view.append(notifications, container);

    function chosenFile() {
      return fileInput.files && fileInput.files[0];
    }
    function notify(text, kind) {
      notifications.replaceChildren(el('div', { role: 'alert', class: 'alert alert-' + kind, text: text }));
    }
    function post(path, file) {
      return fetch(path, { method: 'POST', headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(file.name) }, body: file });
    }

    validateButton.addEventListener('click', function () {
      var file = chosenFile();
      if (!file) return notify('Please choose a file to validate.', 'error');
      notifications.replaceChildren();
      results.replaceChildren(el('p', { text: 'Validating\u2026' }));
      post('/api/users/validate', file)
        .then(function (r) { return r.json(); })
        .then(function (answer) { if (token === renderCount) showValidation(results, answer); })
        .catch(function () { if (token === renderCount) results.replaceChildren(el('p', { text: 'Validation failed. Please try again.' })); });
    });

    if (VARIANT !== 'form') uploadButton.addEventListener('click', upload);

    function upload() {
      var file = chosenFile();
      if (!file) return notify('Please choose a file to upload.', 'error');
      post('/api/users/upload', file)
        .then(function (r) {
          if (!r.ok) throw new Error('upload failed');
          if (token === renderCount) notify(SUCCESS_TEXT, 'success');
        })
        .catch(function () { if (token === renderCount) notify('Upload failed. Please try again.', 'error'); });
    }
  }

  function showValidation(results, answer) {
    results.replaceChildren();
    if (answer.errors.length > 0) {
      results.append(el('h2', { text: 'Validation errors' }), el('ul', {}, answer.errors.map(function (e) {
        return el('li', { text: 'Line ' + e.line + ': ' + e.message });
      })));
    }
    var shown = VALIDATION === 'wrong-count' ? answer.updates - 1 : answer.updates;
    if (VALIDATION !== 'missing' && answer.updates > 0) {
      results.append(el('h2', { text: 'Users that will be updated' }), el('p', { text: shown + ' users already exist and will be updated' }));
    }
    if (!results.hasChildNodes()) results.append(el('p', { text: 'Validation complete. No errors found.' }));
  }

  window.addEventListener('hashchange', route);
  route();
})();
