// Placeholder: the browser harness owns this file.
export default function setup() {}
