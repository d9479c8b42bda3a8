// xhr2 ships no types: it is an XMLHttpRequest for Node, used to run botframework-directlinejs in tests.
declare module 'xhr2' {
  const XMLHttpRequestForNode: typeof globalThis.XMLHttpRequest;
  export default XMLHttpRequestForNode;
}
