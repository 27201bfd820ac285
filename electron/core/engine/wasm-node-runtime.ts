/**
 * The file-system glue DuckDB-Wasm calls back into on Node, wrapping the package's NODE_RUNTIME to fix
 * three things it gets wrong for us:
 *
 * - Isolation. Every wasm instance calls one process-global runtime, and NODE_RUNTIME keeps its open
 *   file descriptors in maps keyed by file ids that each instance numbers from 1: two open engines
 *   would read each other's files. The maps are swapped per instance before every call (all calls are
 *   synchronous, so nothing interleaves).
 * - Read-only opens. NODE_RUNTIME answers "file missing" for every open that allows a missing file,
 *   which is how DuckDB opens a database read-only, so read-only databases could never be opened.
 * - `file_search_path`. DuckDB-Wasm's file system ignores the setting; relative globs (which is how
 *   `read_csv('sub/*.csv')` and every other reader look files up) are resolved here instead against
 *   the engine's `fileSearchPath` option. A later `SET file_search_path` in SQL is not seen.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { FileFlags, NODE_RUNTIME, readString, type DuckDBRuntime } from '@duckdb/duckdb-wasm/blocking';
import { globSync } from 'tinyglobby';

/** The emscripten module of one wasm instance; only used as an identity and for `ccall`. */
type WasmModule = Parameters<DuckDBRuntime['openFile']>[0];

interface InstanceFiles {
  filesById: typeof NODE_RUNTIME._filesById;
  fileInfoCache: typeof NODE_RUNTIME._fileInfoCache;
  fileSearchPath: string | undefined;
}

const instances = new Map<WasmModule, InstanceFiles>();

export function registerWasmInstance(mod: WasmModule, fileSearchPath: string | undefined): void {
  instances.set(mod, { filesById: new Map(), fileInfoCache: new Map(), fileSearchPath });
}

export function unregisterWasmInstance(mod: WasmModule): void {
  instances.delete(mod);
}

function enter(mod: WasmModule): InstanceFiles {
  let files = instances.get(mod);
  if (!files) {
    files = { filesById: new Map(), fileInfoCache: new Map(), fileSearchPath: undefined };
    instances.set(mod, files);
  }
  NODE_RUNTIME._filesById = files.filesById;
  NODE_RUNTIME._fileInfoCache = files.fileInfoCache;
  return files;
}

function isolated<A extends unknown[], R>(call: (mod: WasmModule, ...args: A) => R): (mod: WasmModule, ...args: A) => R {
  return (mod, ...args) => {
    enter(mod);
    return call(mod, ...args);
  };
}

const NODE_FS = 1;

export const wasmNodeRuntime: DuckDBRuntime = {
  ...NODE_RUNTIME,
  openFile: isolated((mod, fileId: number, flags: FileFlags) => {
    if (flags & FileFlags.FILE_FLAGS_NULL_IF_NOT_EXISTS) {
      NODE_RUNTIME._fileInfoCache.delete(fileId);
      const info = NODE_RUNTIME.resolveFileInfo(mod, fileId);
      if (info?.dataProtocol === NODE_FS && info.dataUrl && !NODE_RUNTIME._files?.has(info.dataUrl)) {
        if (!existsSync(info.dataUrl)) return 0;
        return NODE_RUNTIME.openFile(mod, fileId, flags & ~FileFlags.FILE_FLAGS_NULL_IF_NOT_EXISTS);
      }
    }
    return NODE_RUNTIME.openFile(mod, fileId, flags);
  }),
  syncFile: isolated(NODE_RUNTIME.syncFile),
  closeFile: isolated(NODE_RUNTIME.closeFile),
  dropFile: isolated(NODE_RUNTIME.dropFile),
  getLastFileModificationTime: isolated(NODE_RUNTIME.getLastFileModificationTime),
  truncateFile: isolated(NODE_RUNTIME.truncateFile),
  readFile: isolated(NODE_RUNTIME.readFile),
  writeFile: isolated(NODE_RUNTIME.writeFile),
  moveFile: isolated(NODE_RUNTIME.moveFile),
  glob: (mod, pathPtr, pathLength) => {
    const { fileSearchPath } = enter(mod);
    const pattern = readString(mod, pathPtr, pathLength);
    if (fileSearchPath === undefined || isAbsolute(pattern) || /^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) {
      return NODE_RUNTIME.glob(mod, pathPtr, pathLength);
    }
    for (const path of globSync(pattern, { cwd: fileSearchPath, absolute: true, dot: true, expandDirectories: false })) {
      mod.ccall('duckdb_web_fs_glob_add_path', null, ['string'], [path]);
    }
  },
};
