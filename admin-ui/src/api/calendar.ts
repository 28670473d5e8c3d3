import { expectData, http } from './client'

/** The days rested for Ecuador's national holidays in a year (`YYYY-MM-DD`), as the API's calendar gives them. */
export async function fetchHolidayDates(year: number): Promise<string[]> {
  const list = await expectData(http.GET('/api/v1/calendar/holidays', { params: { query: { year } } }))
  return list.holidays.map((holiday) => holiday.date)
}
