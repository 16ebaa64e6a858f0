/** The product name, shown in the sidebar. (The window title is in index.html.) */
export const APP_NAME = 'Desktop CRM'
