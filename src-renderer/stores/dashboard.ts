/** The home dashboard's figures, for the user's local today, week, month and quarter (computed at each fetch). */
import { dashboardBoundaries } from '../lib/reportRanges'
import { createQuery } from './query'

/** Its `input` is the boundaries the figures are for (the tiles link to lists filtered by them). */
export const useDashboard = createQuery('reports.dashboard', { input: dashboardBoundaries })
