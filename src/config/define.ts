/** `defineConfig`: the identity function that gives a project's config its types. */
import type { ConfigInput } from './types.js';

export function defineConfig<C extends ConfigInput>(config: C): C {
  return config;
}
