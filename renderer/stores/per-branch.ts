import { computed, shallowRef, type ComputedRef } from 'vue';
import { useGitStore } from './git-store.js';
import { useProjectStore } from './project-store.js';

export interface PerBranch<T> {
  /** The environment of the checked-out branch (and the scope): take it when an operation starts, so its answer lands there. */
  key(): string;
  /** The value of the checked-out branch, or null when this branch has none. */
  current: ComputedRef<T | null>;
  set(env: string, value: T): void;
  forget(env: string): void;
}

/**
 * Values remembered per environment (a branch, or a commit): each branch only ever shows its own.
 * With `scope` (a warehouse target), per environment and scope: another target's value is not shown.
 */
export function perBranch<T>(scope: () => string | null = () => null): PerBranch<T> {
  const values = shallowRef<ReadonlyMap<string, T>>(new Map());
  const key = () => [useProjectStore().env ?? '', scope()].filter((part) => part !== null).join('@');
  return {
    key,
    current: computed(() => values.value.get(key()) ?? null),
    set: (env, value) => {
      values.value = new Map(values.value).set(env, value);
    },
    forget: (env) => {
      const next = new Map(values.value);
      next.delete(env);
      values.value = next;
    },
  };
}

/** A value made for one commit (a verdict, a publish) stands only while the branch is still at that commit. */
export function atCurrentCommit<T>(value: T | null, commitOf: (value: T) => string | null): T | null {
  if (!value) return null;
  const head = useGitStore().headCommit;
  const commit = commitOf(value);
  return !head || !commit || commit === head ? value : null;
}
