import { config } from '$lib/server/config';

// The map page's configuration: an optional online base map (天地图, CGCS2000 ≈ WGS84, so it lines
// up with our data) when REDGRID_TIANDITU_KEY is set; off by default, the map works offline.
export const load = () => {
	const key = config.tiandituKey;
	return {
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
