package dev.servermonitor.monitor.support;

import dev.servermonitor.common.testing.CentralApiResource;
import dev.servermonitor.common.testing.TestDatabase;

/**
 * The real central-api for the monitor's tests: servers, host-key trust and the stats credentials.
 */
public class MonitorCentralApi extends CentralApiResource {

    @Override
    protected String database() {
        return TestDatabase.name("websocket_monitor");
    }

    @Override
    protected String urlProperty() {
        return "monitor.central-api-url";
    }
}
