// Everything the processes agree on. Runs anywhere: no node:* and no DOM.
export * from './domain.ts';
export * from './ids.ts';
export * from './api.ts';
export * from './contract.ts';
export * from './i18n.ts';
export * from './messages/common.ts';
export * from './csp.ts';
export * from './rights.ts';
export * from './messages/documents.ts';
