import { beforeEach, describe, expect, it } from 'vitest';
import { classifyClick, findUploadView, panelAnchor } from '../../../lib/page/upload-controls';

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('finding the Upload Users view', () => {
  it('finds the file input and <button> Validate and Upload by their visible text', () => {
    document.body.innerHTML = `
      <main><h1>Upload Users</h1>
        <div class="field"><label>Browse</label><input type="file"></div>
        <button type="button">Validate</button>
        <button type="button"><span>Upload</span></button>
      </main>`;
    const view = findUploadView(document)!;
    expect(view.fileInput).toBe(document.querySelector('input[type=file]'));
    expect(view.validate?.textContent).toBe('Validate');
    expect(view.upload?.textContent).toBe('Upload');
    expect(panelAnchor(view)).toBe(document.querySelector('.field'));
  });

  it('finds <input type=submit> controls by their value, including the older "Create Users" wording', () => {
    document.body.innerHTML = `
      <form><input type="file"><input type="submit" value="Validate"><input type="submit" value="Create Users"></form>`;
    const view = findUploadView(document)!;
    expect(view.validate).toBe(document.querySelector('input[value="Validate"]'));
    expect(view.upload).toBe(document.querySelector('input[value="Create Users"]'));
  });

  it('finds links that act as buttons', () => {
    document.body.innerHTML = `<input type="file"><a href="#" role="button"> Validate </a><a role="button" href="#">Upload file</a>`;
    const view = findUploadView(document)!;
    expect(view.validate?.tagName).toBe('A');
    expect(view.upload?.textContent).toBe('Upload file');
  });

  it('does not mistake the page title or other buttons for the controls', () => {
    document.body.innerHTML = `<h1>Upload Users</h1><input type="file"><button>Upload photo for profile</button><a href="#/csv">CSV Upload</a>`;
    expect(findUploadView(document)).toBeUndefined();
  });

  it('does not recognise a page without a file input', () => {
    document.body.innerHTML = `<button>Validate</button><button>Upload</button>`;
    expect(findUploadView(document)).toBeUndefined();
  });

  it('uses selectors an admin gave by hand when the wording differs', () => {
    document.body.innerHTML = `<input id="csv" type="file"><button id="check">Check file</button><button id="go">Send</button>`;
    const selectors = { fileInput: '#csv', validateButton: '#check', uploadButton: '#go' };
    const view = findUploadView(document, selectors)!;
    expect(view.validate?.id).toBe('check');
    expect(view.upload?.id).toBe('go');
    expect(classifyClick(document.getElementById('go'), selectors)?.kind).toBe('upload');
  });

  it('ignores a mistyped manual selector instead of failing', () => {
    document.body.innerHTML = `<input type="file"><button>Validate</button>`;
    expect(findUploadView(document, { uploadButton: '##not a selector' })?.validate?.textContent).toBe('Validate');
    expect(classifyClick(document.querySelector('button'), { uploadButton: '##nope' })?.kind).toBe('validate');
  });
});

describe('classifying a click', () => {
  it('recognises a click on text inside the Upload button', () => {
    document.body.innerHTML = `<button><i class="icon"></i><span>Upload</span></button>`;
    const clicked = classifyClick(document.querySelector('span'));
    expect(clicked?.kind).toBe('upload');
    expect(clicked?.control.tagName).toBe('BUTTON');
  });

  it('ignores clicks elsewhere', () => {
    document.body.innerHTML = `<p>Upload</p><button>Cancel</button><input type="text" value="Upload">`;
    expect(classifyClick(document.querySelector('p'))).toBeUndefined();
    expect(classifyClick(document.querySelector('button'))).toBeUndefined();
    expect(classifyClick(document.querySelector('input'))).toBeUndefined();
  });
});
