import { expectData, http } from './client'
import type { paths } from './schema'

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never

export type DashboardStats = JsonOf<paths['/api/v1/stats/dashboard']['get']['responses'][200]>

export function fetchDashboardStats(): Promise<DashboardStats> {
  return expectData(http.GET('/api/v1/stats/dashboard'))
}
