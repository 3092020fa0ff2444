import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUploadSuccessText, watchUploadSuccess } from '../../../lib/page/success-notification';

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('the portal’s success notification', () => {
  it.each([
    'Upload successful. Your file is being processed and the results will be emailed to you.',
    'Your file was successfully uploaded',
    'The upload was successful',
    'Users are being processed',
    'Success! Your file has been submitted and will be processed in the background. You will receive an email with the results.',
    'Your file has been submitted.',
    'You will receive an email with the results',
  ])('recognises "%s"', (text) => {
    expect(isUploadSuccessText(text)).toBe(true);
  });

  it('does not take validation wording for success', () => {
    expect(isUploadSuccessText('5 users already exist and will be updated')).toBe(false);
    expect(isUploadSuccessText('Upload failed: the file is not valid')).toBe(false);
  });

  it('calls back once when an alert with the wording appears', async () => {
    const onSuccess = vi.fn();
    stop = watchUploadSuccess(document, onSuccess);
    document.body.insertAdjacentHTML('beforeend', '<div role="alert"><span>Upload successful.</span> Your file is being processed.</div>');
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    document.body.insertAdjacentHTML('beforeend', '<div role="alert">Upload successful.</div>');
    await Promise.resolve();
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it('ignores a large re-rendered block whose help text merely sounds like success', async () => {
    const onSuccess = vi.fn();
    stop = watchUploadSuccess(document, onSuccess);
    const help = 'Once your file is uploaded it is processed overnight. '.repeat(10);
    document.body.insertAdjacentHTML('beforeend', `<main><p>${help}</p><button>Upload</button></main>`);
    document.body.insertAdjacentHTML('beforeend', '<div role="alert">Line 3: not valid</div>');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onSuccess).not.toHaveBeenCalled();
  });
});
