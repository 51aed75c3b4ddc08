package io.coldchain.server.resident;

import org.springframework.data.jpa.repository.JpaRepository;

interface ResidentRepository extends JpaRepository<Resident, Long> {}
