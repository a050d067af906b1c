package dev.servermonitor.api;

import dev.servermonitor.common.testing.DatabaseFaultContractIT;

class CentralApiDatabaseFaultIT extends DatabaseFaultContractIT {

    @Override
    protected String serviceName() {
        return "central_api";
    }
}
