package dev.servermonitor.monitor;

import dev.servermonitor.common.testing.ServiceLifecycleContractIT;

class WebsocketMonitorLifecycleIT extends ServiceLifecycleContractIT {

    @Override
    protected String serviceName() {
        return "websocket_monitor";
    }
}
