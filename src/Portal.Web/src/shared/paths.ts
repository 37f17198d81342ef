/** The clinic slug: the first segment of the path ("/demo/admin/" -> "demo"). */
export function clinicSlugFromPath(pathname: string): string | null {
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? decodeURIComponent(first) : null;
}
