// Times on the field pages: Beijing time, 24-hour clock.
export const fmtTime = (s: string, locale: string | null | undefined = 'zh-CN') =>
	new Date(s).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
		timeZone: 'Asia/Shanghai',
		hour12: false,
		month: 'numeric',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	});
