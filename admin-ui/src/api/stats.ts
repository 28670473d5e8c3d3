import { expectData, http } from './client'
import type { paths } from './schema'
import type { JsonOf } from './types'

export type DashboardStats = JsonOf<paths['/api/v1/stats/dashboard']['get']['responses'][200]>

export function fetchDashboardStats(): Promise<DashboardStats> {
  return expectData(http.GET('/api/v1/stats/dashboard'))
}
