// The OpenAPI 3.0 definition of /ogc (conformance class oas30): the paths of Part 1 Core, their
// parameters (limit's maximum tells clients such as GDAL how large a page may be) and responses.
const MAX_LIMIT = 10_000;

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const jsonBody = (schema: unknown, type = 'application/json') => ({ content: { [type]: { schema } } });

export function openApi(base: string, collectionIds: string[]) {
	const link = {
		type: 'object',
		required: ['href'],
		properties: {
			href: { type: 'string' },
			rel: { type: 'string' },
			type: { type: 'string' },
			title: { type: 'string' }
		}
	};
	const ok = (description: string, schema: unknown, type = 'application/json') => ({
		description,
		...jsonBody(schema, type)
	});
	const errors = {
		'400': ref('responses/Invalid'),
		'401': ref('responses/Unauthorized'),
		'404': ref('responses/NotFound'),
		'500': ref('responses/ServerError')
	};
	const publicErrors = { '400': ref('responses/Invalid'), '500': ref('responses/ServerError') };
	// every resource takes f and api_key; an undeclared parameter is refused with 400
	const common = [ref('parameters/f'), ref('parameters/api_key')];
	return {
		openapi: '3.0.3',
		info: {
			title: 'RedGrid OGC API – Features',
			version: '1.0.0',
			description:
				'Part 1: Core, GeoJSON and OpenAPI 3.0. Collections and features need a signed-in session or an API key (header X-API-Key); tickets follow the key’s scope and carry no personal data.'
		},
		servers: [{ url: base }],
		security: [{ apiKey: [] }, { apiKeyQuery: [] }, { cookie: [] }],
		paths: {
			'/': {
				get: {
					summary: 'landing page',
					operationId: 'getLandingPage',
					security: [],
					parameters: common,
					responses: { '200': ok('links to the API', ref('schemas/landingPage')), ...publicErrors }
				}
			},
			'/conformance': {
				get: {
					summary: 'conformance classes',
					operationId: 'getConformanceDeclaration',
					security: [],
					parameters: common,
					responses: { '200': ok('the conformance classes', ref('schemas/confClasses')), ...publicErrors }
				}
			},
			'/api': {
				get: {
					summary: 'this document',
					operationId: 'getApi',
					security: [],
					parameters: [ref('parameters/fApi'), ref('parameters/api_key')],
					responses: {
						'200': {
							description: 'OpenAPI 3.0 (f=json), or this document as a page (f=html)',
							content: {
								'application/vnd.oai.openapi+json;version=3.0': { schema: { type: 'object' } },
								'text/html': { schema: { type: 'string' } }
							}
						},
						...publicErrors
					}
				}
			},
			'/collections': {
				get: {
					summary: 'the collections',
					operationId: 'getCollections',
					parameters: common,
					responses: { '200': ok('the collections', ref('schemas/collections')), ...errors }
				}
			},
			'/collections/{collectionId}': {
				get: {
					summary: 'one collection',
					operationId: 'describeCollection',
					parameters: [ref('parameters/collectionId'), ...common],
					responses: { '200': ok('the collection', ref('schemas/collection')), ...errors }
				}
			},
			'/collections/{collectionId}/items': {
				get: {
					summary: 'features of a collection',
					operationId: 'getFeatures',
					parameters: [
						ref('parameters/collectionId'),
						ref('parameters/limit'),
						ref('parameters/offset'),
						ref('parameters/bbox'),
						ref('parameters/bbox-crs'),
						ref('parameters/datetime'),
						ref('parameters/fItems'),
						ref('parameters/api_key')
					],
					responses: {
						'200': ok('a page of features', ref('schemas/featureCollectionGeoJSON'), 'application/geo+json'),
						...errors
					}
				}
			},
			'/collections/{collectionId}/items/{featureId}': {
				get: {
					summary: 'one feature',
					operationId: 'getFeature',
					parameters: [
						ref('parameters/collectionId'),
						ref('parameters/featureId'),
						ref('parameters/fItems'),
						ref('parameters/api_key')
					],
					responses: {
						'200': ok('the feature', ref('schemas/featureGeoJSON'), 'application/geo+json'),
						...errors
					}
				}
			}
		},
		components: {
			securitySchemes: {
				apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
				apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
				cookie: { type: 'apiKey', in: 'cookie', name: 'redgrid_session' }
			},
			parameters: {
				collectionId: {
					name: 'collectionId',
					in: 'path',
					required: true,
					schema: { type: 'string', enum: collectionIds }
				},
				featureId: { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
				f: {
					name: 'f',
					in: 'query',
					required: false,
					description: 'the format of the answer: json (the only one of this resource)',
					schema: { type: 'string', enum: ['json'], default: 'json' }
				},
				fApi: {
					name: 'f',
					in: 'query',
					required: false,
					description: 'json: the OpenAPI document; html: the same as a page (the service-doc link)',
					schema: { type: 'string', enum: ['json', 'html'], default: 'json' }
				},
				fItems: {
					name: 'f',
					in: 'query',
					required: false,
					description: 'the format of the answer: GeoJSON (json and geojson are the same)',
					schema: { type: 'string', enum: ['json', 'geojson'], default: 'geojson' }
				},
				api_key: {
					name: 'api_key',
					in: 'query',
					required: false,
					description: 'an API key, when the X-API-Key header cannot be sent (it is left out of every link)',
					schema: { type: 'string' }
				},
				'bbox-crs': {
					name: 'bbox-crs',
					in: 'query',
					required: false,
					description: 'the CRS of bbox: CRS84 only (the default)',
					schema: { type: 'string', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] }
				},
				limit: {
					name: 'limit',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 10 }
				},
				offset: {
					name: 'offset',
					in: 'query',
					required: false,
					schema: { type: 'integer', minimum: 0, default: 0 }
				},
				bbox: {
					name: 'bbox',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
					description:
						'minLon,minLat,maxLon,maxLat in CRS84 (6 numbers: with heights, ignored). minLon > maxLon crosses the antimeridian. A feature without its own geometry is matched at its place (geometry_source).'
				},
				datetime: {
					name: 'datetime',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					schema: { type: 'string' },
					description:
						'An RFC 3339 date-time (with its zone), a date, or an interval start/end with ".." (or nothing) for an open end; "../.." is refused. A date is a whole day in Beijing time (UTC+8), the city\'s own clock: 2017-09-08 is 2017-09-07T16:00:00Z to 2017-09-08T15:59:59.999Z. Applies to tickets (reported), facilities (opened) and party organizations (founded); other collections ignore it.'
				}
			},
			schemas: {
				link,
				landingPage: {
					type: 'object',
					required: ['links'],
					properties: {
						title: { type: 'string' },
						description: { type: 'string' },
						links: { type: 'array', items: link }
					}
				},
				confClasses: {
					type: 'object',
					required: ['conformsTo'],
					properties: { conformsTo: { type: 'array', items: { type: 'string' } } }
				},
				collection: {
					type: 'object',
					required: ['id', 'links'],
					properties: {
						id: { type: 'string' },
						title: { type: 'string' },
						extent: { type: 'object' },
						itemType: { type: 'string' },
						crs: { type: 'array', items: { type: 'string' } },
						links: { type: 'array', items: link }
					}
				},
				collections: {
					type: 'object',
					required: ['links', 'collections'],
					properties: {
						links: { type: 'array', items: link },
						collections: { type: 'array', items: ref('schemas/collection') }
					}
				},
				featureGeoJSON: {
					type: 'object',
					required: ['type', 'geometry', 'properties'],
					properties: {
						type: { type: 'string', enum: ['Feature'] },
						id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
						geometry: { type: 'object', nullable: true },
						properties: { type: 'object', nullable: true },
						links: { type: 'array', items: link }
					}
				},
				featureCollectionGeoJSON: {
					type: 'object',
					required: ['type', 'features'],
					properties: {
						type: { type: 'string', enum: ['FeatureCollection'] },
						features: { type: 'array', items: ref('schemas/featureGeoJSON') },
						links: { type: 'array', items: link },
						timeStamp: { type: 'string', format: 'date-time' },
						numberMatched: { type: 'integer', minimum: 0 },
						numberReturned: { type: 'integer', minimum: 0 }
					}
				},
				exception: {
					type: 'object',
					required: ['code'],
					properties: {
						code: { type: 'string' },
						description: { type: 'string' },
						field: { type: 'string', description: 'the parameter at fault' }
					}
				}
			},
			responses: {
				Invalid: { description: 'a bad parameter (named in field)', ...jsonBody(ref('schemas/exception')) },
				Unauthorized: { description: 'sign in or send an API key', ...jsonBody(ref('schemas/exception')) },
				NotFound: { description: 'no such collection or feature', ...jsonBody(ref('schemas/exception')) },
				ServerError: { description: 'a failure of the server', ...jsonBody(ref('schemas/exception')) }
			}
		}
	};
}
