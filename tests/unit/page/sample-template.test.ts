import { describe, expect, it, vi } from 'vitest';
import { findSampleLink, headerOfSample, learnTemplate, sameOriginUrl } from '../../../lib/page/sample-template';

describe('learning the template from the page', () => {
  it('prefers the "Sample File (new format)" link', () => {
    document.body.innerHTML = `<a href="/old.csv">Sample file</a><a href="/Admin/SampleFiles/NewFormat.csv">Sample File (new format)</a>`;
    expect(findSampleLink(document)?.getAttribute('href')).toBe('/Admin/SampleFiles/NewFormat.csv');
  });

  it('falls back to any sample file link', () => {
    document.body.innerHTML = `<a href="/help">Help</a><a href="/s.csv">Download sample file</a>`;
    expect(findSampleLink(document)?.getAttribute('href')).toBe('/s.csv');
  });

  it('only fetches from the page’s own origin', () => {
    expect(sameOriginUrl('/Admin/SampleFiles/NewFormat.csv', 'https://portal.nhs.net/Admin#/csv')).toBe(
      'https://portal.nhs.net/Admin/SampleFiles/NewFormat.csv',
    );
    expect(sameOriginUrl('https://evil.example/s.csv', 'https://portal.nhs.net/Admin')).toBeUndefined();
  });

  it('reads the header row, with or without a byte-order mark', () => {
    expect(headerOfSample('\uFEFFID,ExternalSyncID,"First Name"\r\n1,2,3\r\n')).toEqual(['ID', 'ExternalSyncID', 'First Name']);
    expect(headerOfSample('')).toBeUndefined();
  });

  it('fetches the linked sample and returns its header and address', async () => {
    document.body.innerHTML = `<a href="/Admin/SampleFiles/NewFormat.csv">Sample File (new format)</a>`;
    const fetchText = vi.fn(async () => 'ID,ExternalSyncID,Title\r\n');
    const learnt = await learnTemplate(document, fetchText);
    expect(fetchText).toHaveBeenCalledWith(new URL('/Admin/SampleFiles/NewFormat.csv', document.location.href).href);
    expect(learnt?.header).toEqual(['ID', 'ExternalSyncID', 'Title']);
  });
});
