// The .kql document scanner: what the CLI and the editor import.
export {
  checkDocument,
  scanDocument,
  DocumentScanner,
  BlockEntry,
  type BlockChanges,
  type DocumentCheckOptions,
  type ScannedCommand,
} from './document';
export { analyzeCommand, type CommandAnalysis, type CommandKind } from './command';
export { allBlocks, type Block } from './blocks';
export { readLiteral, type Literal } from './literals';
