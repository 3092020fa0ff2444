import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import { PopupApp } from '../../components/popup/PopupApp';

describe('PopupApp', () => {
  it('shows the extension name as its heading', () => {
    render(<PopupApp />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('CSV Guard');
  });
});
