/**
 * A style property is looked up without making garbage.
 *
 * Why: pdfmake asks its StyleContextStack for about twenty properties of every text inline it
 * measures (font, bold, fontSize, color, link…), and more while it lays out and draws. Each
 * getStyleProperty pushes the item's named styles and the item onto the stack (an array for a
 * single style name), calls back through a new closure, and getProperty makes another closure
 * and a new Set for every named style it consults. In a cold build of the policy edition that is
 * the largest single source of short-lived objects (about 90 MB of the 1.2 GB a sampling heap
 * profile counts) and about 0.15 s of CPU with the collections it causes.
 *
 * Here the same search is made in place: the item (as an override object), its named styles from
 * the last to the first, then the stack from the top down (a name is looked up in the style
 * dictionary, following `extends` from the last parent to the first, each style at most once),
 * then the default style; the first value that is neither undefined nor null wins, else the
 * given default. A Set is made only when a style extends another. The results are pdfmake's.
 */
type Style = Record<string, unknown> & { extends?: string | string[] };
type Stack = { styleDictionary: Record<string, Style | undefined>; styleOverrides?: unknown[]; defaultStyle?: Record<string, unknown> };
type StackClass = {
  prototype: { getProperty(this: Stack, property: string): unknown; __briefkitStyleLookups?: boolean };
  getStyleProperty(item: unknown, stack: Stack | null | undefined, property: string, defaultValue: unknown): unknown;
};

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || (typeof v === 'object' && v instanceof String);

/** pdfmake's getStylePropertyFromStyle: a named style's value, through its `extends`. */
function fromStyle(dict: Stack['styleDictionary'], name: string, property: string, visited: Set<string> | undefined): unknown {
  if (visited?.has(name)) return undefined;
  const style = dict[name];
  if (!style) return undefined;
  const value = style[property];
  if (isValue(value)) return value;
  const parents = style.extends;
  if (parents) {
    const seen = visited ?? new Set<string>();
    seen.add(name);
    if (Array.isArray(parents)) {
      for (let i = parents.length - 1; i >= 0; i--) {
        const v = fromStyle(dict, parents[i]!, property, seen);
        if (isValue(v)) return v;
      }
    } else {
      const v = fromStyle(dict, parents, property, seen);
      if (isValue(v)) return v;
    }
  }
  return undefined;
}

/** One entry of the stack: a style name or an override object. */
function fromEntry(stack: Stack, entry: unknown, property: string): unknown {
  if (isString(entry)) return fromStyle(stack.styleDictionary, String(entry), property, undefined);
  return (entry as Record<string, unknown>)[property];
}

/** pdfmake's getProperty: the stack from the top down, then the default style. */
function fromStack(stack: Stack, property: string): unknown {
  const overrides = stack.styleOverrides;
  if (overrides)
    for (let i = overrides.length - 1; i >= 0; i--) {
      const v = fromEntry(stack, overrides[i], property);
      if (isValue(v)) return v;
    }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/** Patches pdfmake's StyleContextStack (through `pdfmakeRequire`); idempotent. */
export function installStyleLookups(pdfmakeRequire: NodeJS.Require): void {
  const Stack = (pdfmakeRequire('./StyleContextStack.js') as { default: StackClass }).default;
  if (typeof Stack?.getStyleProperty !== 'function' || typeof Stack.prototype.getProperty !== 'function') throw new Error('pdfmake StyleContextStack.getStyleProperty/getProperty not found');
  if (Stack.prototype.__briefkitStyleLookups) return;
  Stack.prototype.getProperty = function (this: Stack, property: string) {
    return fromStack(this, property);
  };
  Stack.getStyleProperty = function (item: unknown, stack: Stack | null | undefined, property: string, defaultValue: unknown) {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    let value: unknown;
    // what StyleContextStack.auto(item) would push above the stack: the item's named styles, then
    // the item (whose own value is already known to be missing); nothing for a string or a section
    if (!isString(item) && typeof (item as { section?: unknown }).section === 'undefined') {
      const style = (item as { style?: unknown }).style;
      if (style) {
        if (Array.isArray(style)) {
          for (let i = style.length - 1; i >= 0 && !isValue(value); i--) value = fromEntry(stack, style[i], property);
        } else value = fromEntry(stack, style, property);
      }
    }
    if (!isValue(value)) value = fromStack(stack, property);
    return isValue(value) ? value : defaultValue;
  };
  Stack.prototype.__briefkitStyleLookups = true;
}
