package dev.servermonitor.monitor;

import dev.servermonitor.common.testing.DatabaseFaultContractIT;

class WebsocketMonitorDatabaseFaultIT extends DatabaseFaultContractIT {

    @Override
    protected String serviceName() {
        return "websocket_monitor";
    }
}
