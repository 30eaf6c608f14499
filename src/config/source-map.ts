import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type EmptyStream, type Node, type Pair } from "yaml";

/** The options every parse of a desired-state file uses, with positions or without. */
export const PARSE_OPTIONS = { uniqueKeys: true, strict: true } as const;

/**
 * Parses the text keeping what diagnostics need: every node's range and where each line starts.
 * A file that loads cleanly never pays for this; it is called only once a problem is known.
 */
export function parseWithPositions(text: string): { docs: Document.Parsed[] | EmptyStream; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines, prettyErrors: true });
  return { docs, lines };
}

/** Finds where a value (or its key) sits in the YAML source, to point errors at line and column. */
export interface SourcePosition {
  line: number;
  column: number;
}

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * Position of the value at `path`; of its key when `key` is set. When the path does not exist
   * (a required key is missing), the position of the deepest existing ancestor.
   */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): SourcePosition {
    let node: unknown = this.doc.contents;
    let best: SourcePosition = { line: 1, column: 1 };
    if (isNodeWithRange(node)) best = this.at(node.range[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        const keyNode = pair.key;
        if (isNodeWithRange(keyNode)) best = this.at(keyNode.range[0]);
        if (options.key && segment === path[path.length - 1]) return best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment];
      } else {
        return best;
      }
      if (isPair(node)) node = node.value;
      if (isNodeWithRange(node)) best = this.at(node.range[0]);
    }
    return best;
  }
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === "object" && node !== null && Array.isArray((node as { range?: unknown }).range);
}
