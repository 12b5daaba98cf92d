/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 * power-counters.asl - test SSDT for tests/vm/t-reset.sh: gives the GPU
 * node \_SB.PCI0.S08.S00 an _OFF and an _ON that count their calls and
 * record their order, standing in for a laptop's dGPU power methods.
 *
 *   CNTO, CNTN  calls of _OFF / _ON
 *   SEQ         call order, two bits per call (1 = _OFF, 2 = _ON), the
 *               latest call in the lowest bits: _OFF then _ON reads 0x6
 *   PCNT        returns Package (CNTO, CNTN, SEQ) for acpi_call
 *   PCLR        sets all three to zero
 *
 * QEMU (hotplug=off root port, the default bridge hotplug support) already
 * declares S00 with only _ADR; the If (CondRefOf ...) declares it when it is
 * missing, so the table loads in both shapes.
 */
DefinitionBlock ("", "SSDT", 1, "OPTVF", "PWRCNT", 0x00000001)
{
    External (\_SB.PCI0.S08, DeviceObj)
    External (\_SB.PCI0.S08.S00, DeviceObj)

    If (!CondRefOf (\_SB.PCI0.S08.S00))
    {
        Scope (\_SB.PCI0.S08)
        {
            Device (S00)
            {
                Name (_ADR, Zero)
            }
        }
    }

    Scope (\_SB.PCI0.S08.S00)
    {
        Name (CNTO, Zero)
        Name (CNTN, Zero)
        Name (SEQ, Zero)

        Method (_OFF, 0, Serialized)
        {
            CNTO++
            SEQ = ((SEQ << 2) | One)
        }

        Method (_ON, 0, Serialized)
        {
            CNTN++
            SEQ = ((SEQ << 2) | 2)
        }

        Method (PCNT, 0, Serialized)
        {
            Local0 = Package (0x03) { Zero, Zero, Zero }
            Local0 [Zero] = CNTO
            Local0 [One] = CNTN
            Local0 [2] = SEQ
            Return (Local0)
        }

        Method (PCLR, 0, Serialized)
        {
            CNTO = Zero
            CNTN = Zero
            SEQ = Zero
        }
    }
}
