// dist/tools.js: what the language model tools run, loaded on the first tool call (not at activation): the tool table's
// invoker with the checks and the spec validator it brings.
export { fixScript, invokeTool, proposeFixes, type FixProposal, type ToolHost } from '../../services/tools/invoke';
