import { setupI18n } from '$lib/i18n';

// A map app: pages render in the browser (WebGL), the server guards every data request.
export const ssr = false;

export const load = async ({ data }) => {
	setupI18n(data.lang);
	return data;
};
