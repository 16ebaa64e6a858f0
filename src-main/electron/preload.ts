/** Exposes window.crm = { invoke, on } to the sandboxed renderer; nothing else crosses the bridge. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { CrmBridge, Events } from '../../src-shared/api'

const bridge: CrmBridge = {
  invoke: (name, input) => ipcRenderer.invoke('crm:invoke', name, input),
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: string, payload: Events[typeof event]) => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on('crm:event', handler)
    return () => ipcRenderer.removeListener('crm:event', handler)
  },
}

contextBridge.exposeInMainWorld('crm', bridge)
