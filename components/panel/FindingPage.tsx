import { Component } from 'preact';
import type { Finding } from '../../lib/checks/types';
import { FindingItem } from './FindingItem';

/**
 * One page of a group's findings. It re-renders only when its own findings change, so appending a
 * page to a group of thousands costs the new page, not the whole list again.
 */
interface FindingPageProps {
  findings: readonly Finding[];
  firstIndex: number;
  /** Blocking findings the admin acknowledged (a new function each time the acknowledgement changes). */
  acknowledged?: ((finding: Finding) => boolean) | undefined;
}

export class FindingPage extends Component<FindingPageProps> {
  override shouldComponentUpdate(next: FindingPageProps): boolean {
    return next.findings !== this.props.findings || next.firstIndex !== this.props.firstIndex || next.acknowledged !== this.props.acknowledged;
  }

  override render() {
    const { findings, firstIndex, acknowledged } = this.props;
    return (
      <>
        {findings.map((finding, i) => (
          <FindingItem key={`${finding.line}-${firstIndex + i}`} finding={finding} acknowledged={acknowledged?.(finding) === true} />
        ))}
      </>
    );
  }
}
