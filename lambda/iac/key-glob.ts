/**
 * S3 key globs for state files: `**` any number of folders (none included), `*` and `?` within
 * one folder name. `**\/*.tfstate` matches `net.tfstate`, `env:/prod/net.tfstate` and `a/b/c.tfstate`.
 */
export function keyGlob(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
