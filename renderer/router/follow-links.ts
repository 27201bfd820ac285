import { followCheckedOutBranch } from './branch-link.js';
import { followOpenNode } from './open-node-link.js';
import { followSelections } from './selection-links.js';

/** Once the stores exist (main.ts): the URL and what the screens show follow each other from here on. */
export function followLinks(): void {
  followCheckedOutBranch();
  followOpenNode();
  followSelections();
}
