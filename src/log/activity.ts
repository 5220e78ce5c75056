/**
 * What the build is doing right now (e.g. "rendering templates/sections/trajectory.md.hbs"), so a
 * time or memory limit can name the file it was working on. In the build worker a listener
 * forwards each change to the main thread, which is the one that can stop a runaway build.
 */
export interface Activity {
  what: string;
  file?: string;
}

let listener: ((a: Activity) => void) | undefined;

export function setActivity(what: string, file?: string): void {
  listener?.(file ? { what, file } : { what });
}

export function onActivity(fn: ((a: Activity) => void) | undefined): void {
  listener = fn;
}
