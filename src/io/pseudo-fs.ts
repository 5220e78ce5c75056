/**
 * Output and `init` targets on the kernel's pseudo file systems (/proc, /sys, cgroups, debugfs…)
 * are refused before anything is created there: those "files" are interfaces to the kernel, a
 * write to one can block for minutes or change the system (`init /proc/briefkit-x` hung for
 * over two minutes). The test is by file-system type (statfs), of the target or of the nearest
 * folder above it that exists, so a symlink into /proc is caught too.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as msg from '../log/message.js';

/** statfs f_type magic numbers (linux/magic.h) of file systems that hold no files. */
const PSEUDO: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0x62656570: 'configfs',
  0x65735543: 'fusectl',
  0xf97cff8c: 'selinuxfs',
  0x42494e4d: 'binfmt_misc',
  0x19800202: 'mqueue',
  0x6e736673: 'nsfs',
  0xde5e81e4: 'efivarfs',
};

/** The pseudo file system `target` (or the nearest existing folder above it) is on, or undefined. */
export function pseudoFileSystemOf(target: string): string | undefined {
  let at = path.resolve(target);
  for (;;) {
    try {
      return PSEUDO[Number(fs.statfsSync(at).type)];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const up = path.dirname(at);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || up === at) return undefined;
      at = up;
    }
  }
}

/** Throws BK074 when `target` would be on a pseudo file system; `what` names it ("output folder"). */
export function refusePseudoFileSystem(target: string, what: string): void {
  const fsName = pseudoFileSystemOf(target);
  if (fsName) throw msg.pseudoFileSystem(target, fsName, what);
}
