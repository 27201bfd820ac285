import { parse } from '@huggingface/jinja';
import { PRINT_NODE } from './dbt-interpreter.js';

interface Node {
  type: string;
  [key: string]: unknown;
}

/**
 * The engine's AST base class (not exported; taken from a parsed program). Print nodes must be
 * Statements, or the engine would not look inside them for a macro's `varargs`, `kwargs` and `caller`.
 */
const Statement = Object.getPrototypeOf((parse([]) as object).constructor) as { prototype: object };

function printNode(expression: Node): Node {
  return Object.assign(Object.create(Statement.prototype) as Node, { type: PRINT_NODE, expression });
}

/** Statements the engine renders itself; everything else in a body is an expression that prints. */
const statementTypes = new Set(['StringLiteral', 'Comment', 'If', 'For', 'Set', 'Macro', 'CallStatement', 'FilterStatement', 'Break', 'Continue', 'Program']);
const bodies = ['body', 'alternate', 'defaultBlock'];

/**
 * Wraps each `{{ expression }}` of a parsed template in a print node, so that values print as
 * Python's str() shows them (`True`, `None`, `['a']`) rather than as JavaScript does.
 */
export function printStatements(program: Node): Node {
  visit(program);
  return program;
}

function visit(node: Node): void {
  for (const key of bodies) {
    const body = node[key];
    if (!Array.isArray(body)) continue;
    for (let i = 0; i < body.length; i++) {
      const child = body[i] as Node;
      if (statementTypes.has(child.type)) visit(child);
      else if (!(child.type === 'Identifier' && String(child.value).charCodeAt(0) === 0)) body[i] = printNode(child);
    }
  }
}
