// Editing forms for other pages (the map's side panel): import { EntityForm, HistoryList } from '$lib/editing'.
export { default as EntityForm } from './EntityForm.svelte';
export { default as HistoryList } from './HistoryList.svelte';
export { default as GeometryInput } from './GeometryInput.svelte';
export { ENTITIES, FIELDS, MAP_LAYER, isEntity, type EntityName } from './fields';
