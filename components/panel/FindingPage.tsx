import { Component } from 'preact';
import type { Finding } from '../../lib/checks/types';
import { FindingItem } from './FindingItem';

/**
 * One page of a group's findings. It re-renders only when its own findings change, so appending a
 * page to a group of thousands costs the new page, not the whole list again.
 */
export class FindingPage extends Component<{ findings: readonly Finding[]; firstIndex: number }> {
  override shouldComponentUpdate(next: { findings: readonly Finding[]; firstIndex: number }): boolean {
    return next.findings !== this.props.findings || next.firstIndex !== this.props.firstIndex;
  }

  override render() {
    const { findings, firstIndex } = this.props;
    return (
      <>
        {findings.map((finding, i) => (
          <FindingItem key={`${finding.line}-${firstIndex + i}`} finding={finding} />
        ))}
      </>
    );
  }
}
