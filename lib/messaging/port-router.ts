import type { Runtime } from 'webextension-polyfill';
import { classifySender, type SenderTrust } from './sender-trust';

export type PortHandler = (port: Runtime.Port) => void;

/**
 * A runtime.onConnect listener for the extension's long-lived ports. Every port reads or changes
 * stored data (today: the report import), so only the extension's own pages may open one; any other
 * port is disconnected before a message is read. Each handler parses its port's messages with the
 * schema next to its protocol.
 */
export function createConnectListener(handlers: Record<string, PortHandler>, trust: SenderTrust) {
  return (port: Runtime.Port): void => {
    const handler = Object.hasOwn(handlers, port.name) ? handlers[port.name] : undefined;
    if (!handler || classifySender(port.sender ?? {}, trust) !== 'extension-page') {
      port.disconnect();
      return;
    }
    handler(port);
  };
}
