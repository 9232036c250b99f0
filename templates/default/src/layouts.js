// The layout rules of LiveKit's default template, as plain functions.

/** `light` for a layout ending in -light, else `dark`. */
export function themeOf(layout) {
  return layout.endsWith('-light') ? 'light' : 'dark';
}

/**
 * The layout to draw: a grid layout with a screen share on becomes the speaker one; names are matched by prefix,
 * so anything that is not a speaker layout is a grid.
 */
export function effectiveLayout(layout, screenShared) {
  if (screenShared && layout.startsWith('grid')) {
    return layout.replace('grid', 'speaker');
  }
  return layout;
}

/** Columns for n tiles in a landscape window: 1, 2 side by side, then 2x2, 3x3, 4x4 and 5x5 grids. */
export function gridColumns(count) {
  if (count <= 1) {
    return 1;
  }
  if (count <= 4) {
    return 2;
  }
  return Math.min(5, Math.ceil(Math.sqrt(count)));
}

/**
 * Screen shares first (earliest joiner first), then cameras: speaking ones by audio level, then the most recent
 * speaker, then join order.
 */
export function sortForLayout(tracks) {
  const screens = tracks.filter((t) => t.screenShare).sort((a, b) => a.joinedAt - b.joinedAt);
  const cameras = tracks.filter((t) => !t.screenShare).sort((a, b) => {
    if (a.speaking && b.speaking) {
      return b.audioLevel - a.audioLevel;
    }
    if (a.speaking !== b.speaking) {
      return a.speaking ? -1 : 1;
    }
    if (a.lastSpokeAt !== b.lastSpokeAt) {
      return b.lastSpokeAt - a.lastSpokeAt;
    }
    return a.joinedAt - b.joinedAt;
  });
  return [...screens, ...cameras];
}
