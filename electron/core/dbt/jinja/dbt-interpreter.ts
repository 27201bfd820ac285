import { Interpreter } from '@huggingface/jinja';
import { extraFilters } from './extra-filters.js';
import { HostSequenceValue, HostValue, toHostArgument, toRuntime } from './host-values.js';
import { ArgumentError } from './python-call.js';
import { pythonMethod } from './python-methods.js';
import { kindOf, printed, pythonOperator } from './python-operators.js';
import { CompilerError, MacroReturn, TemplateError, type TemplatePosition } from './render-error.js';
import {
  ArrayValue,
  BooleanValue,
  FunctionValue,
  KeywordArgumentsValue,
  NullValue,
  ObjectValue,
  StringValue,
  UndefinedValue,
  type JinjaFunction,
  type JinjaScope,
  type RuntimeValue,
} from './runtime-values.js';
import { LINE_MARKER } from './token-rewrites.js';

/** An AST node of the engine, as far as the overrides below read it. */
interface Node {
  type: string;
  value?: unknown;
  [key: string]: unknown;
}

const VALUE_NODE = '\u0001value';
const valueNode = (value: RuntimeValue): Node => ({ type: VALUE_NODE, value });

/**
 * File names by the id their line markers carry. One table for the process: parsed templates
 * are shared by every runtime (see jinja-engine.ts), and their markers name files by these ids.
 */
const fileNames: string[] = [];
const fileIds = new Map<string, number>();
function fileIdOf(file: string): number {
  let id = fileIds.get(file);
  if (id === undefined) {
    id = fileNames.push(file) - 1;
    fileIds.set(file, id);
  }
  return id;
}

/** Names whose value is not a function of the project's files: a render that reads one is never reused. */
const VOLATILE_NAMES = new Set(['env_var', 'run_started_at', 'invocation_id', 'modules', 'graph']);

/** How deep macros may call each other before Assay calls it endless recursion. */
export const MAX_MACRO_DEPTH = 150;

type EngineNode = Parameters<Interpreter['evaluate']>[0];
type EngineScope = Parameters<Interpreter['evaluate']>[1];

/** The AST node `printStatements` puts around each `{{ expression }}`, so that it prints as Python would. */
export const PRINT_NODE = '\u0001print';

/**
 * The engine's interpreter with what dbt templates need on top: Python's methods, operators and
 * printing, Jinja2's filters, `return()` from macros, positions (file and line) for every error,
 * and a clear error for endless recursion. It overrides only the engine's public `evaluate`, which
 * every node goes through, and hands every other node to the engine.
 */
export class DbtInterpreter extends Interpreter {
  private readonly markers = new Map<string, { file: number; line: number }>();
  private file = 0;
  private line: number | undefined;
  private depth = 0;
  /** Set when a template reads `execute`: what it renders while building may then differ from what it rendered while parsing. */
  executeRead = false;
  /** Set when a template reads the environment, the clock or the graph (see VOLATILE_NAMES). */
  volatileRead = false;
  onMacroDefined?: (name: string, position: TemplatePosition, value: RuntimeValue) => void;

  fileId(file: string): number {
    return fileIdOf(file);
  }

  /** Runs `body` for the template of `file`; any error comes out as a TemplateError naming where it happened. */
  within<T>(file: string, body: () => T): T {
    const saved = { file: this.file, line: this.line, depth: this.depth };
    this.file = this.fileId(file);
    this.line = undefined;
    try {
      return body();
    } catch (err) {
      throw this.asTemplateError(err);
    } finally {
      this.file = saved.file;
      this.line = saved.line;
      this.depth = saved.depth;
    }
  }

  position(): TemplatePosition {
    return { file: fileNames[this.file] ?? '', line: this.line };
  }

  private asTemplateError(err: unknown): TemplateError {
    if (err instanceof TemplateError) return err;
    if (err instanceof MacroReturn) return new TemplateError('return() can only be used inside a macro', this.position());
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return new TemplateError('the template nests too deeply (endless recursion?)', this.position());
    }
    const message = err instanceof Error ? err.message : String(err);
    return new TemplateError(err instanceof CompilerError || err instanceof ArgumentError ? message : message.replace(/^(SyntaxError|Error): /, ''), this.position());
  }

  /** Evaluates `node` in `scope`: the one entry point of the engine's interpreter. */
  eval(node: Node, scope: JinjaScope): RuntimeValue {
    return this.evaluate(node as unknown as EngineNode, scope as unknown as EngineScope) as unknown as RuntimeValue;
  }

  private engine(node: Node, scope: JinjaScope): RuntimeValue {
    return super.evaluate(node as unknown as EngineNode, scope as unknown as EngineScope) as unknown as RuntimeValue;
  }

  override evaluate(statement: EngineNode, environment: EngineScope): ReturnType<Interpreter['evaluate']> {
    const node = statement as unknown as Node | undefined;
    const scope = environment as unknown as JinjaScope;
    let result: RuntimeValue;
    switch (node?.type) {
      case VALUE_NODE:
        result = node.value as RuntimeValue;
        break;
      case PRINT_NODE:
        result = new StringValue(printed(this.eval(node.expression as Node, scope)));
        break;
      case 'Identifier':
        result = this.identifier(node, scope);
        break;
      case 'Macro':
        result = this.defineMacro(node, scope);
        break;
      case 'CallExpression':
        result = this.call(node, scope);
        break;
      case 'MemberExpression':
        result = this.member(node, scope);
        break;
      case 'BinaryExpression':
        result = this.binary(node, scope);
        break;
      case 'FilterExpression':
        result = this.filter(node, scope);
        break;
      case 'ObjectLiteral':
        result = this.dict(node, scope);
        break;
      case 'TestExpression':
        result = this.test(node, scope);
        break;
      default:
        result = this.engine(node as Node, scope);
    }
    return result as unknown as ReturnType<Interpreter['evaluate']>;
  }

  private identifier(node: Node, scope: JinjaScope): RuntimeValue {
    const name = node.value as string;
    if (name.charCodeAt(0) !== 0) {
      if (name === 'execute') this.executeRead = true;
      else if (VOLATILE_NAMES.has(name)) this.volatileRead = true;
      return scope.lookupVariable(name);
    }
    let marker = this.markers.get(name);
    if (!marker) {
      const [file, line] = name.slice(LINE_MARKER.length).split(':').map(Number) as [number, number];
      marker = { file, line };
      this.markers.set(name, marker);
    }
    this.file = marker.file;
    this.line = marker.line;
    return new NullValue();
  }

  private defineMacro(node: Node, scope: JinjaScope): RuntimeValue {
    this.engine(node, scope);
    const name = (node.name as Node).value as string;
    const call = (scope.variables.get(name) as RuntimeValue).value as JinjaFunction;
    const macro = new FunctionValue(((args, callSite) => this.callMacro(name, call, args, callSite)) satisfies JinjaFunction);
    scope.setVariable(name, macro);
    this.onMacroDefined?.(name, this.position(), macro);
    return new NullValue();
  }

  private callMacro(name: string, call: JinjaFunction, args: RuntimeValue[], callSite: JinjaScope): RuntimeValue {
    const from = { file: this.file, line: this.line };
    if (this.depth >= MAX_MACRO_DEPTH) {
      throw new TemplateError(`macro '${name}' recurses without end (more than ${MAX_MACRO_DEPTH} nested macro calls)`, this.position());
    }
    this.depth += 1;
    try {
      const result = call(args, callSite);
      this.restore(from);
      return result;
    } catch (err) {
      if (err instanceof MacroReturn) {
        this.restore(from);
        return toRuntime(err.value);
      }
      const error = this.asTemplateError(err);
      error.callers.push({ macro: name, from: { file: fileNames[from.file] ?? '', line: from.line } });
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  private restore(position: { file: number; line: number | undefined }): void {
    this.file = position.file;
    this.line = position.line;
  }

  private call(expr: Node, scope: JinjaScope): RuntimeValue {
    const callee = this.eval(expr.callee as Node, scope);
    if (!(callee instanceof FunctionValue)) {
      const what = callee instanceof UndefinedValue ? 'is not defined' : `is not callable (it is ${kindOf(callee)})`;
      throw new Error(`'${describe(expr.callee as Node)}' ${what}`);
    }
    return (callee.value as JinjaFunction)(this.callArguments(expr.args as Node[], scope), scope);
  }

  /** Positional arguments, then one KeywordArgumentsValue when there are keywords (the engine's calling convention). */
  callArguments(args: Node[], scope: JinjaScope): RuntimeValue[] {
    const positional: RuntimeValue[] = [];
    const keywords = new Map<string, RuntimeValue>();
    const keyword = (key: string, value: RuntimeValue) => {
      if (keywords.has(key)) throw new Error(`got multiple values for keyword argument '${key}'`);
      keywords.set(key, value);
    };
    for (const arg of args) {
      if (arg.type === 'KeywordArgumentExpression') keyword((arg.key as Node).value as string, this.eval(arg.value as Node, scope));
      else if (arg.type === 'SpreadExpression') {
        const spread = this.eval(arg.argument as Node, scope);
        if (!(spread instanceof ArrayValue)) throw new Error(`cannot unpack ${kindOf(spread)} with *`);
        positional.push(...(spread.value as RuntimeValue[]));
      } else if (arg.type === 'KeywordSpreadExpression') {
        const spread = this.eval(arg.argument as Node, scope);
        if (!(spread instanceof ObjectValue)) throw new Error(`the argument after ** must be a mapping, not ${kindOf(spread)}`);
        for (const [key, value] of spread.value as Map<string, RuntimeValue>) keyword(key, value);
      } else positional.push(this.eval(arg, scope));
    }
    if (keywords.size > 0) positional.push(new KeywordArgumentsValue(keywords));
    return positional;
  }

  /** `x is mapping` and friends, where TypeScript objects behave as Python's would; other tests are the engine's. */
  private test(node: Node, scope: JinjaScope): RuntimeValue {
    const name = (node.test as Node).value as string;
    const operand = this.eval(node.operand as Node, scope);
    if (operand instanceof HostValue && (name === 'mapping' || name === 'iterable' || name === 'sequence' || name === 'string' || name === 'number')) {
      const host = operand.value as { __mapping__?: boolean; [Symbol.iterator]?: unknown };
      const result = name === 'mapping' ? host.__mapping__ === true : name === 'iterable' || name === 'sequence' ? Array.isArray(host) || host.__mapping__ === true : false;
      return new BooleanValue(node.negate ? !result : result);
    }
    return this.engine({ ...node, operand: valueNode(operand) }, scope);
  }

  /** A dict literal; Python allows any hashable key, and dbt macros key dicts by Relation: such keys are their str(). */
  private dict(node: Node, scope: JinjaScope): RuntimeValue {
    const mapping = new Map<string, RuntimeValue>();
    for (const [key, value] of node.value as Map<Node, Node>) {
      const evaluated = this.eval(key, scope);
      mapping.set(evaluated instanceof StringValue ? (evaluated.value as string) : printed(evaluated), this.eval(value, scope));
    }
    return new ObjectValue(mapping);
  }

  private member(expr: Node, scope: JinjaScope): RuntimeValue {
    const object = this.eval(expr.object as Node, scope);
    if (object instanceof UndefinedValue) throw new Error(`'${describe(expr)}' is not defined: '${describe(expr.object as Node)}' is not a variable, macro or installed package`);
    const property = expr.property as Node;
    if (!expr.computed && property.type === 'Identifier') {
      const method = pythonMethod(object, property.value as string);
      if (method) return method;
    }
    if (expr.computed && object instanceof ObjectValue && property.type !== 'SliceExpression') {
      const key = this.eval(property, scope);
      const found = (object.value as Map<string, RuntimeValue>).get(key instanceof StringValue ? (key.value as string) : printed(key));
      return found ?? (object.builtins.get(String(key.value)) as RuntimeValue | undefined) ?? new UndefinedValue();
    }
    if (expr.computed && object instanceof HostSequenceValue && property.type !== 'SliceExpression') {
      const key = this.eval(property, scope);
      if (key instanceof StringValue) return object.item(key.value as string) ?? object.builtins.get(key.value as string) ?? new UndefinedValue();
      return this.engine({ ...expr, object: valueNode(object), property: valueNode(key) }, scope);
    }
    return this.engine({ ...expr, object: valueNode(object) }, scope);
  }

  private binary(node: Node, scope: JinjaScope): RuntimeValue {
    const operator = (node.operator as Node).value as string;
    if (operator === 'and' || operator === 'or') return this.engine(node, scope);
    const left = this.eval(node.left as Node, scope);
    const right = this.eval(node.right as Node, scope);
    return pythonOperator(operator, left, right) ?? this.engine({ ...node, left: valueNode(left), right: valueNode(right) }, scope);
  }

  private filter(node: Node, scope: JinjaScope): RuntimeValue {
    const filterNode = node.filter as Node;
    const name = filterNode.type === 'Identifier' ? (filterNode.value as string) : ((filterNode.callee as Node | undefined)?.value as string | undefined);
    const operand = this.eval(node.operand as Node, scope);
    const extra = name && Object.hasOwn(extraFilters, name) ? extraFilters[name] : undefined;
    if (!extra) return this.engine({ ...node, operand: valueNode(operand) }, scope);
    const args = filterNode.type === 'CallExpression' ? this.callArguments(filterNode.args as Node[], scope).map(toHostArgument) : [];
    const applyTest = (test: string, value: RuntimeValue) => {
      const fn = (scope as unknown as { tests: Map<string, (v: RuntimeValue) => boolean> }).tests.get(test);
      if (!fn) throw new Error(`unknown test '${test}'`);
      return fn(value);
    };
    return toRuntime(extra(operand, args, applyTest));
  }
}

/** The source text of a callee, for messages: `dbt_utils.star`, `adapter.dispatch(...)`. */
export function describe(node: Node): string {
  switch (node.type) {
    case 'Identifier':
      return node.value as string;
    case 'MemberExpression': {
      const property = node.property as Node;
      return node.computed ? `${describe(node.object as Node)}[${JSON.stringify(property.value)}]` : `${describe(node.object as Node)}.${String(property.value)}`;
    }
    case 'CallExpression':
      return `${describe(node.callee as Node)}(...)`;
    case 'StringLiteral':
      return JSON.stringify(node.value);
    default:
      return node.type;
  }
}
