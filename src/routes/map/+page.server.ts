import { config } from '$lib/server/config';
import { tileJsonsFor } from '$lib/server/tiles/service';

// The map page's configuration: an optional online base map (天地图, CGCS2000 ≈ WGS84, so it lines
// up with our data) when REDGRID_TIANDITU_KEY is set; off by default, the map works offline.
// The TileJSON of every source comes with the page: the map asks for tiles as soon as its style is
// set, not after a round trip per source.
export const load = async ({ locals, url }) => {
	const key = config.tiandituKey;
	return {
		tileJson: await tileJsonsFor(locals.scope!, url.origin),
		onlineBase: key
			? {
					tiles: [0, 1, 2, 3].map(
						(n) =>
							`https://t${n}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`
					),
					attribution: '© 天地图'
				}
			: null
	};
};
