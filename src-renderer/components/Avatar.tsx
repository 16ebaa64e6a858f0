import { initials } from '../../src-shared/text'

/** Initials on a colour picked from the name, so the same person always looks the same. */
export function Avatar({ name, size = 28, square = false }: { name: string; size?: number; square?: boolean }) {
  let hash = 0
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return (
    <span
      className={`avatar avatar-hue-${hash % 8} ${square ? 'avatar-square' : ''}`}
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4) }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  )
}
