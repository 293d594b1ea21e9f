/** Facility siting: maximal covering location (MCLP) and partial set covering. See solve.ts. */
export { SitingInputError } from './errors';
export { buildWalkGraph, networkCoverage, type WalkGraph, type EdgePoint } from './network';
export {
	haversine,
	distance,
	parsePoints,
	EARTH_RADIUS_M,
	type SitePoint,
	type PointInput,
	type PointsInput,
	type GeoJsonFeature,
	type GeoJsonFeatureCollection
} from './geo';
export {
	buildCoverage,
	aggregateCoverage,
	coveredWeight,
	modelFromCoverLists,
	type CoverageModel,
	type CoverageSets
} from './coverage';
export { greedyLazy, greedyPlain, improveBySwaps, rankSites, greedySetCover } from './heuristic';
export { lagrangianMclp, type LagrangianResult } from './lagrangian';
export { parseSwain, parseSjc, generateCity, seededRandom } from './instances';
export { solveMclpExact, solveSetCoverExact, loadHighs, type ExactResult, type ExactOptions } from './exact';
export {
	solveSiting,
	prepareSiting,
	type SitingInput,
	type SitingOptions,
	type SitingResult,
	type SitingSite,
	type SitingProgress,
	type SitingMethod,
	type PreparedSiting,
	type SitingNotice
} from './solve';
