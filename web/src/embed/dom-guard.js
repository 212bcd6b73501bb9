// See package-entry.js. The elements extend HTMLElement and register with customElements.
if (typeof HTMLElement === 'undefined' || typeof customElements === 'undefined')
  throw new Error('activation-playground/components: the <ap-*> elements need a browser or a DOM (HTMLElement, customElements); in Node, use the engine from "activation-playground"');
