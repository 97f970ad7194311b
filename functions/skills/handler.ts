// Route group "skills": the city's skills spine, read-only and public.
import { list } from './list';
import { get } from './get';
import { dispatch } from '../http/dispatch';

export const handler = dispatch('skills', { 'GET /skills': list, 'GET /skills/{skillId}': get });
