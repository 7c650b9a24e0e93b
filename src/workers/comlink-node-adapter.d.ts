/** comlink ships the Node adapter's types beside its .mjs under a name TypeScript does not match. */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
